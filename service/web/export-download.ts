import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ExportJob } from '../export/export-job.js';
import { withExportFile } from '../export-delivery.js';
import type { Kiosk } from '../kiosk.js';

const exportHeaders = (job: ExportJob, fileName: string): http.OutgoingHttpHeaders => ({
  'Content-Type': job.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
  'Content-Disposition': `attachment; filename="${fileName}"`,
  'Cache-Control': 'no-store',
});

const expired = (response: http.ServerResponse, method: string) =>
  response
    .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    .end(method === 'HEAD' ? undefined : 'This download has expired or was used already: export again.\n');

/**
 * A manager's export, by its one-time ticket: written by the export worker to a private temp file,
 * then sent. A HEAD is answered as the GET would be, without the body and without using the ticket
 * (a download manager or a link preview asks first); its length is only known once written, so it has none.
 */
export async function sendExport(
  service: Kiosk,
  request: { method: string; ticket: string; fileName: string },
  response: http.ServerResponse,
  stop: AbortSignal,
  log: (line: string) => void,
): Promise<void> {
  const { method, ticket, fileName } = request;
  if (method === 'HEAD') {
    const job = service.exports.peek(ticket);
    if (job) response.writeHead(200, exportHeaders(job, fileName)).end();
    else expired(response, method);
    return;
  }
  try {
    const found = await withExportFile(service, ticket, fileName, async (file, job) => {
      response.writeHead(200, { ...exportHeaders(job, fileName), 'Content-Length': fs.statSync(file).size });
      await pipeline(fs.createReadStream(file), response, { signal: stop });
    });
    if (!found) expired(response, method);
  } catch (error) {
    log(`export ${fileName} failed: ${(error as Error).message}`);
    if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`The export failed: ${(error as Error).message}\n`);
    else response.destroy();
  }
}
