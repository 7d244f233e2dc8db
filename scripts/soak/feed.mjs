// The soak's alliance: one member (one badge) per tap, a list served as an alliance would, and each badge's reader frame.
import http from 'node:http';

export const uidOf = (i) => (0x3000000000 + i).toString(16).toUpperCase();

/** An ID-12LA frame: STX, 10 hex digits, 2 hex of XOR checksum, CR LF, ETX. */
export function em4100Frame(uid) {
  const checksum = uid.match(/../g).reduce((x, h) => x ^ parseInt(h, 16), 0);
  return Buffer.from([0x02, ...Buffer.from(`${uid}${checksum.toString(16).toUpperCase().padStart(2, '0')}`, 'ascii'), 0x0d, 0x0a, 0x03]);
}

/** The alliance's list: the host space, a visiting space, and one member (one badge) per tap. */
function feedText(members, sequence) {
  const space = (id, name) => ({
    id,
    name,
    city: 'Lisbon',
    country: 'PT',
    timezone: 'Europe/Lisbon',
    visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' },
    dayPass: { price: '15.00', currency: 'EUR' },
  });
  const head = JSON.stringify({
    format: 'coworking-visa/1',
    sequence,
    generatedAt: new Date().toISOString(),
    spaces: [space('soak-host', 'Soak Host'), space('soak-visitors', 'Soak Visitors')],
  });
  const rows = [];
  for (let i = 0; i < members; i++) {
    rows.push(
      JSON.stringify({
        id: `m-${i}`,
        space: i % 2 ? 'soak-visitors' : 'soak-host',
        name: `Member ${i}`,
        email: '',
        status: 'active',
        validUntil: '2099-12-31',
        credentials: [{ kind: 'rfid', value: uidOf(i) }],
      }),
    );
  }
  return `${head.slice(0, -1)},"members":[${rows.join(',')}]}`;
}

/** The list, served as an alliance would: a new sequence every other request, else 304. */
export async function serveFeed(members) {
  let sequence = 1;
  let served = feedText(members, sequence);
  let etag = `"s${sequence}"`;
  let requests = 0;
  const server = http.createServer((req, res) => {
    if (++requests % 2 === 0) {
      sequence++;
      served = feedText(members, sequence);
      etag = `"s${sequence}"`;
    }
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { ETag: etag }).end();
    else res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(served);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/list.json`,
    text: () => served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
