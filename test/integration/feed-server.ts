import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { feedBytes, smallFeed } from '../fixtures/feeds';

const keys = crypto.generateKeyPairSync('ed25519');
export const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
export const sign = (bytes: string) => crypto.sign(null, Buffer.from(bytes), keys.privateKey).toString('base64');

/** The alliance's static web server, on loopback: what it serves is set by each test. */
export class FeedServer {
  feed = feedBytes(smallFeed({ sequence: 20 }));
  signature: string | null = sign(this.feed);
  mode: 'normal' | 'stall' | 'html' = 'normal';
  requests: { url: string; ifNoneMatch: string | undefined }[] = [];
  private server = http.createServer((req, res) => this.answer(req, res));
  private sockets = new Set<import('node:net').Socket>();
  url = '';

  async start() {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/list.json`;
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests.push({ url: req.url!, ifNoneMatch: req.headers['if-none-match'] });
    if (req.url === '/list.json.sig') {
      if (this.signature === null) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end(this.signature);
      return;
    }
    if (this.mode === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Site under maintenance</body></html>');
      return;
    }
    const etag = `"${crypto.createHash('sha256').update(this.feed).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Content-Length': Buffer.byteLength(this.feed) });
    if (this.mode === 'stall') res.write(this.feed.slice(0, 100));
    else res.end(this.feed);
  }
}
