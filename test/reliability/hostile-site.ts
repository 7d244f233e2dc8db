import http from 'node:http';

/** A page of another origin that fires at the kiosk what a hostile page can: images, odd fetches, WebSockets. */
export function hostileSite(kiosk: string): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(kiosk);
  const paths = [
    '/api',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fkiosk.db',
    '/export?format=csv',
    '/api?x=' + 'A'.repeat(8000),
    '/%00',
    '/index.html%00.js',
  ];
  const html = `<!doctype html><title>hostile</title><body>
${paths.map((p) => `<img src="${target.origin}${p}">`).join('\n')}
<script>
const results = [];
window.hostile = (async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']) {
    try { const r = await fetch(${JSON.stringify(target.origin)} + '/api', { method, mode: 'no-cors', body: method === 'POST' ? '{"method":"checkin"}' : undefined }); results.push(method + ' ' + r.type); }
    catch (e) { results.push(method + ' refused'); }
  }
  const sockets = await Promise.all([0, 1, 2, 3, 4].map(() => new Promise((resolve) => {
    const ws = new WebSocket(${JSON.stringify(`ws://${target.host}/api${target.search}`)});
    ws.onopen = () => { ws.send(JSON.stringify({ id: 1, method: 'checkin', input: { credential: 'VISA-1' } })); ws.onmessage = (m) => resolve('answered ' + m.data); setTimeout(() => resolve('opened'), 2000); };
    ws.onerror = () => resolve('refused');
  })));
  return { results, sockets };
})();
</script></body>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
