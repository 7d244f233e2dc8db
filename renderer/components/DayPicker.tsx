import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dateInWords, dayLabel, type Place } from '../staff/format';

const WEEK = 7;

/**
 * A day from today on, picked by touch: Today, Tomorrow, then the next days by name in the
 * kiosk's language, a week at a time. The chosen day is said in words below, never in the
 * browser's date format.
 */
export function DayPicker(props: { label: string; today: string; value: string; place: Place; onChange: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const [first, setFirst] = useState(0);
  const nameOf = (offset: number, date: string) =>
    offset === 0 ? t('when.today') : offset === 1 ? t('when.tomorrow') : dayLabel(date, i18n.language, props.place);
  return (
    <fieldset className="day-picker">
      <legend>{props.label}</legend>
      <div className="days">
        {Array.from({ length: WEEK }, (_, i) => {
          const offset = first + i;
          const date = addDays(props.today, offset);
          return (
            <button key={date} type="button" className="secondary" aria-pressed={props.value === date} onClick={() => props.onChange(date)}>
              {nameOf(offset, date)}
            </button>
          );
        })}
      </div>
      <div className="actions">
        <button type="button" className="secondary" disabled={first === 0} onClick={() => setFirst(first - WEEK)}>
          {t('when.earlier')}
        </button>
        <button type="button" className="secondary" onClick={() => setFirst(first + WEEK)}>
          {t('when.later')}
        </button>
      </div>
      <p className="emphasis" aria-live="polite">
        {dateInWords(props.value, i18n.language, props.place)}
      </p>
    </fieldset>
  );
}
