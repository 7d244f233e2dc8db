import crypto from 'node:crypto';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The manager's way out of the crash-loop page, through the preload's two calls for it
 * (restartKiosk, exitKiosk): without them (the page opened anywhere else) the controls hide.
 */
const MANAGER_SCRIPT = `(() => {
  const kiosk = window.kiosk;
  const panel = document.getElementById('manager');
  const say = (text) => { document.getElementById('message').textContent = text; };
  if (!kiosk || typeof kiosk.restartKiosk !== 'function') { panel.hidden = true; return; }
  document.getElementById('restart').addEventListener('click', () => {
    say('Restarting the kiosk…');
    kiosk.restartKiosk().catch((error) => say(error.message));
  });
  document.getElementById('leave').addEventListener('submit', (event) => {
    event.preventDefault();
    const pin = document.getElementById('pin');
    const text = pin.value;
    pin.value = '';
    kiosk.exitKiosk(text).then((left) => say(left ? 'Leaving kiosk mode…' : 'That is not a manager’s PIN.'), (error) => say(error.message));
  });
})();`;

const MANAGER_SCRIPT_HASH = `sha256-${crypto.createHash('sha256').update(MANAGER_SCRIPT).digest('base64')}`;

const MANAGER_PANEL = `<div id="manager" class="manager">
<button id="restart" type="button">Restart kiosk</button>
<form id="leave"><label for="pin">Manager PIN</label><input id="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12" pattern="[0-9]*"><button type="submit">Leave kiosk mode</button></form>
<p id="message" role="status"></p>
</div>
<script>${MANAGER_SCRIPT}</script>`;

/** The pages with the manager's controls main has built: only these may use their IPC (see kiosk-frame.ts). */
const withManagerExit = new Set<string>();

/** True for a page `errorPage` built with `managerExit`, as a frame's URL shows it. */
export function isManagerErrorPage(url: string): boolean {
  return withManagerExit.has(url);
}

/**
 * A plain page for when the kiosk cannot run: built in (a data: URL), so it shows even when
 * the app's own files or renderer are what is broken. No script but, with `managerExit`, the one
 * whose hash the page's policy names: a "Restart kiosk" button and a manager's PIN to leave.
 */
export function errorPage(title: string, detail: string, options: { managerExit?: boolean } = {}): string {
  const script = options.managerExit ? `; script-src '${MANAGER_SCRIPT_HASH}'` : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'none'${script}">
<title>Visa Kiosk</title>
<style>body{margin:0;min-height:100vh;display:grid;place-content:center;gap:1rem;text-align:center;background:#0f2a3d;color:#fff;font:1.4rem system-ui,sans-serif;padding:2rem;box-sizing:border-box}h1{font-size:2.2rem;margin:0}p{margin:0;max-width:40rem;opacity:.85}.manager{display:grid;gap:.8rem;justify-items:center;margin-top:2rem;font-size:1.1rem}.manager form{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;justify-content:center}button,input{font:inherit;min-height:56px;padding:.5rem 1.2rem;border-radius:.4rem;border:0}input{width:8rem}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(detail)}</p><p>Please ask the front desk for help.</p>${options.managerExit ? MANAGER_PANEL : ''}</body></html>`;
  const url = `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
  if (options.managerExit) withManagerExit.add(url);
  return url;
}
