import { useId, useMemo } from 'react';
import type { BusinessHours } from '@natter/protocol';
import { Icon } from './icon.js';

/** Spans of opening hours a week may hold (the server's limit). */
const SPANS_MAX = 21;

interface BusinessHoursEditorProps {
  value: BusinessHours | undefined;
  onChange: (value: BusinessHours | undefined) => void;
}

/** Monday first, as most of the world reads a week; `day` stays 0 = Sunday on the wire. */
const DAYS: readonly [number, string][] = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Weekdays 9 to 5 in the admin's own zone: where most teams start. */
const starting = (): BusinessHours => ({
  timeZone: browserZone(),
  days: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
});

/**
 * Opening hours: off (always open), or a time zone and, per day, any number of open-close spans.
 * A day without spans is closed.
 */
export function BusinessHoursEditor({ value, onChange }: BusinessHoursEditorProps) {
  const fullId = useId();
  const full = (value?.days.length ?? 0) >= SPANS_MAX;
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  const setSpan = (index: number, change: Partial<{ open: string; close: string }>) =>
    value &&
    onChange({
      ...value,
      days: value.days.map((span, i) => (i === index ? { ...span, ...change } : span)),
    });

  return (
    <fieldset className="hours">
      <legend className="field-label">Business hours</legend>
      <label className="check-row">
        <input
          type="checkbox"
          checked={value !== undefined}
          onChange={(e) => onChange(e.target.checked ? starting() : undefined)}
        />
        Only answer within set hours (outside them the widget says when to expect a reply)
      </label>
      {value && (
        <>
          <label className="field">
            <span className="field-label">Time zone</span>
            <select
              value={value.timeZone}
              onChange={(e) => onChange({ ...value, timeZone: e.target.value })}
            >
              {!zones.includes(value.timeZone) && (
                <option value={value.timeZone}>{value.timeZone}</option>
              )}
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <ul className="hours-days">
            {DAYS.map(([day, dayName]) => {
              const spans = value.days
                .map((span, index) => ({ span, index }))
                .filter(({ span }) => span.day === day);
              return (
                <li key={day} className="hours-day">
                  <span className="hours-day-name">{dayName}</span>
                  <div className="hours-spans">
                    {spans.length === 0 && <span className="muted small">Closed</span>}
                    {spans.map(({ span, index }, n) => (
                      <span key={index} className="hours-span">
                        <input
                          type="time"
                          aria-label={`${dayName} opens${n > 0 ? ` (${n + 1})` : ''}`}
                          value={span.open}
                          onChange={(e) => setSpan(index, { open: e.target.value })}
                        />
                        <span aria-hidden="true">–</span>
                        <input
                          type="time"
                          aria-label={`${dayName} closes${n > 0 ? ` (${n + 1})` : ''}`}
                          value={span.close}
                          onChange={(e) => setSpan(index, { close: e.target.value })}
                        />
                        <button
                          type="button"
                          className="icon-button small"
                          aria-label={`Remove ${dayName} ${span.open}–${span.close}`}
                          onClick={() =>
                            onChange({ ...value, days: value.days.filter((_, i) => i !== index) })
                          }
                        >
                          <Icon name="close" size={15} />
                        </button>
                      </span>
                    ))}
                  </div>
                  <button
                    type="button"
                    className="icon-button small"
                    aria-label={`Add hours on ${dayName}`}
                    title="Add hours"
                    disabled={full}
                    aria-describedby={full ? fullId : undefined}
                    onClick={() =>
                      onChange({
                        ...value,
                        days: [...value.days, { day, open: '09:00', close: '17:00' }],
                      })
                    }
                  >
                    <Icon name="plus" size={16} />
                  </button>
                </li>
              );
            })}
          </ul>
          {full && (
            <p id={fullId} className="field-hint">
              A week holds at most {SPANS_MAX} spans of hours: remove one to add another.
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
