import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { BUSY_WAIT_MINUTES, busyWaitMinutesSchema } from '../../../../shared/settings';

/**
 * "Wait up to N minutes when the service is busy": how long one request of a
 * job keeps waiting out 409/429 answers before the job stops (decision 009).
 * Checked here for a quick answer, and again by main.
 */
export function BusyWaitForm() {
  const [minutes, setMinutes] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void api.getSettings().then((result) => {
      if (result.ok) setMinutes(String(result.value.maxBusyWaitMinutes));
      else setError(result.error.message);
      setLoaded(true);
    });
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const parsed = busyWaitMinutesSchema.safeParse(minutes.trim() === '' ? NaN : Number(minutes));
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Not valid.');
    const result = await api.saveSettings({ maxBusyWaitMinutes: parsed.data });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setMinutes(String(result.value.maxBusyWaitMinutes));
    setSaved(true);
  };

  return (
    <form
      className="card form"
      onSubmit={(e) => void submit(e)}
      data-testid="busy-wait-form"
      data-ready={loaded ? 'true' : 'false'}
      aria-label="When the service is busy"
      noValidate
    >
      <h2>When the service is busy</h2>
      <label>
        Wait up to this many minutes when the service is busy
        <input
          type="number"
          className="minutes"
          inputMode="numeric"
          min={BUSY_WAIT_MINUTES.min}
          max={BUSY_WAIT_MINUTES.max}
          step={1}
          value={minutes}
          onChange={(e) => {
            setMinutes(e.target.value);
            setSaved(false);
          }}
          data-testid="busy-wait-minutes"
        />
        <small>
          When Woodpecker or the Leads API answers &ldquo;too many requests&rdquo;, nothing was
          changed, so a job waits and tries again, and its progress says so. Past this many minutes
          for one request ({BUSY_WAIT_MINUTES.min}–{BUSY_WAIT_MINUTES.max}, default{' '}
          {BUSY_WAIT_MINUTES.default}), the job stops and says why. Cancel ends a wait at once.
        </small>
      </label>
      <ErrorMessage message={error} testId="busy-wait-error" />
      <div className="actions">
        <button type="submit" className="button" data-testid="busy-wait-save">
          Save
        </button>
        {saved && (
          <span className="muted" role="status" data-testid="busy-wait-saved">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
