import fs from 'node:fs';
import type { SerialPort } from 'serialport';

type Binding = typeof SerialPort.binding;
type Port = Awaited<ReturnType<Binding['open']>>;

/** What the Unix port bindings of @serialport/bindings-cpp carry besides the interface. */
interface UnixPort {
  fd: number | null;
  poller: { once(event: 'readable', callback: (error: Error | null) => void): void };
}

const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/**
 * serialport's Unix binding reads with `fs.read`, on libuv's thread pool: every frame waits for a
 * pool thread and for its hand-back to the event loop, which is most of a tap's latency before
 * the kiosk sees a byte (the bench's pty floor). The binding opens the port non-blocking and
 * polls it on the event loop, so once its poller says "readable" a read cannot wait: it is done
 * there and then. Opening, settings and closing stay the binding's own.
 */
function readOnEventLoop(port: Port & UnixPort): void {
  const wait = () => new Promise<void>((resolve, reject) => port.poller.once('readable', (error: Error | null) => (error ? reject(error) : resolve())));
  // The last read took less than it asked for: the tty is empty, and reading it again would only
  // fail with EAGAIN, an Error made (stack and all) after every frame. The poll is level-triggered:
  // bytes that came in between are reported at once.
  let drained = false;
  port.read = async (buffer: Buffer, offset: number, length: number) => {
    for (;;) {
      if (drained) await wait();
      drained = true;
      if (port.fd === null) throw canceled();
      try {
        const bytesRead = fs.readSync(port.fd, buffer, offset, length, null);
        if (bytesRead > 0) {
          drained = bytesRead < length;
          return { bytesRead, buffer };
        }
      } catch (error) {
        if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
    }
  };
}

/**
 * The system's serialport binding, loaded on first use (most commands never open a port); on
 * Linux and macOS its ports read on the event loop.
 */
export const serialBinding = async (): Promise<Binding> => (binding ??= load());
let binding: Promise<Binding> | undefined;

async function load(): Promise<Binding> {
  const system = (await import('serialport')).SerialPort.binding;
  if (process.platform === 'win32') return system;
  return {
    ...system,
    async open(options: Parameters<Binding['open']>[0]) {
      const port = await system.open(options);
      readOnEventLoop(port as Port & UnixPort);
      return port;
    },
  };
}
