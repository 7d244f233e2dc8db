const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A plain page for when the kiosk cannot run: built in (a data: URL), so it shows even when
 * the app's own files or renderer are what is broken. No script, nothing to click.
 */
export function errorPage(title: string, detail: string): string {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Visa Kiosk</title>
<style>body{margin:0;height:100vh;display:grid;place-content:center;gap:1rem;text-align:center;background:#0f2a3d;color:#fff;font:1.4rem system-ui,sans-serif;padding:2rem}h1{font-size:2.2rem;margin:0}p{margin:0;max-width:40rem;opacity:.85}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(detail)}</p><p>Please ask the front desk for help.</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
