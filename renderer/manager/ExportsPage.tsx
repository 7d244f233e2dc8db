import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../core/api';
import { VisitKind } from '../../core/vocabulary';
import type { KioskClient } from '../api-client';
import { useCall } from '../hooks/useCall';
import { monthOf } from '../../core/calendar';
import { DateSelect } from '../components/DateSelect';
import { localDateOf, type Place } from '../staff/format';

type ExportRequest = MethodInput<'prepareExport'>;
type Report = NonNullable<ExportRequest['report']>;
type Format = NonNullable<ExportRequest['format']>;

/** Starts the browser's download of a prepared file, as a click on a link would; the link is good once, so none stays on screen. */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** The visit log or the per-home-space report for a date range, as a file: saved by the app, or downloaded by the browser. */
export function ExportsPage({ client, place }: { client: KioskClient; place: Place }) {
  const { t } = useTranslation();
  const today = localDateOf(new Date(), place);
  const month = monthOf(today);
  const [request, setRequest] = useState<ExportRequest>({ report: 'visits', from: month.first, to: month.last, format: 'csv', bom: false });
  const [outcome, setOutcome] = useState<string | null>(null);
  const { busy, error, run } = useCall();
  const set = (change: Partial<ExportRequest>) => setRequest((r) => ({ ...r, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const { space, kind, ...rest } = request;
    // Kind and home space filter the visit log only: chosen before a switch to the per-space report, they are left behind.
    const visits = rest.report !== 'spaces';
    const input: ExportRequest = {
      ...rest,
      bom: rest.format === 'csv' && rest.bom === true,
      ...(visits && kind && { kind }),
      ...(visits && space?.trim() && { space: space.trim() }),
    };
    const save = client.shell?.saveExport;
    if (save) {
      run(
        () => save(input),
        (saved) => setOutcome(saved.saved && saved.path ? t('exports.saved', { path: saved.path }) : t('exports.notSaved')),
      );
      return;
    }
    run(
      () => client.api.prepareExport(input),
      ({ url, fileName }) => {
        download(url, fileName);
        setOutcome(t('exports.started', { file: fileName }));
      },
    );
  };

  const radio = <V extends string>(name: string, value: V, current: V | undefined, label: string, onPick: (value: V) => void) => (
    <label className="choice">
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onPick(value)} />
      {label}
    </label>
  );

  return (
    <section aria-labelledby="exports-heading">
      <h2 id="exports-heading">{t('exports.heading')}</h2>
      <form className="settings-form exports" onSubmit={submit}>
        <fieldset>
          <legend>{t('exports.report')}</legend>
          {radio<Report>('report', 'visits', request.report, t('exports.visits'), (report) => set({ report }))}
          {radio<Report>('report', 'spaces', request.report, t('exports.spaces'), (report) => set({ report }))}
        </fieldset>
        <DateSelect label={t('exports.from')} value={request.from} thisYear={Number(today.slice(0, 4))} place={place} onChange={(from) => set({ from })} />
        <DateSelect label={t('exports.to')} value={request.to} thisYear={Number(today.slice(0, 4))} place={place} onChange={(to) => set({ to })} />
        {request.report !== 'spaces' && (
          <>
            <label>
              {t('exports.kind')}
              <select value={request.kind ?? ''} onChange={(e) => set({ kind: e.target.value ? VisitKind.parse(e.target.value) : undefined })}>
                <option value="">{t('exports.allKinds')}</option>
                {VisitKind.options.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kind.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('exports.space')}
              <input value={request.space ?? ''} autoComplete="off" spellCheck={false} onChange={(e) => set({ space: e.target.value })} />
            </label>
          </>
        )}
        <fieldset>
          <legend>{t('exports.format')}</legend>
          {radio<Format>('format', 'csv', request.format, t('exports.csv'), (format) => set({ format }))}
          {radio<Format>('format', 'json', request.format, t('exports.json'), (format) => set({ format }))}
          <label className="choice">
            <input type="checkbox" checked={request.bom === true} disabled={request.format !== 'csv'} onChange={(e) => set({ bom: e.target.checked })} />
            {t('exports.bom')}
          </label>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('exports.download')}
          </button>
        </div>
      </form>
      {outcome && (
        <p role="status" className="notice">
          {outcome}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
