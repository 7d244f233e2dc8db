// What Electron gives a utility process, for one forked by the stand-in: process.parentPort, whose
// 'message' events carry { data }, and an end when the app that started it ends.
import { EventEmitter } from 'node:events';

const parentPort = new EventEmitter();
parentPort.postMessage = (message) => process.send(message);
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
process.on('disconnect', () => process.exit(0));
process.parentPort = parentPort;
