import { useEffect, useState } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type { CampaignMembershipInfo } from '../../../../shared/snapshot';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { useOnline } from '../../lib/use-online';
import { formatAge } from './snapshot-age';
import { useNow } from './use-snapshot-info';
import { syncErrorText } from './sync-errors';

/**
 * Loads which campaigns each prospect is in, for the grid's campaign filter.
 * Its own job and age: it is not part of a sync (it costs one request per
 * 1,000 memberships), and prospects added since show in no campaign.
 */
export function CampaignSync({
  account,
  campaigns,
  onFinished,
}: {
  account: AccountRef;
  campaigns: CampaignMembershipInfo | null;
  onFinished(): void;
}) {
  const online = useOnline();
  const now = useNow();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useJob(jobId);
  const state = progress?.state;
  const running = state === 'running' || (jobId !== null && !progress);

  useEffect(() => {
    if (state && state !== 'running') onFinished();
  }, [state, onFinished]);

  const start = async () => {
    setError(null);
    setJobId(null);
    const result = await api.startCampaignSync(account);
    if (result.ok) setJobId(result.value.jobId);
    else setError(syncErrorText(result.error));
  };

  return (
    <div className="campaign-sync" data-testid="campaign-sync">
      <p className="muted" data-testid="campaign-summary">
        {campaigns
          ? `${formatCount(campaigns.campaigns.length)} ${campaigns.campaigns.length === 1 ? 'campaign' : 'campaigns'} · membership loaded ${formatAge(campaigns.syncedAt, now)}; prospects added since are in none.`
          : 'Campaign membership is not loaded: load it to filter by campaign.'}{' '}
        <button
          type="button"
          className="button secondary"
          onClick={() => void start()}
          disabled={running || !online}
          title="Lists every prospect's campaigns (one request per 1,000 memberships)"
          data-testid="campaign-sync-start"
        >
          {campaigns ? 'Reload campaigns' : 'Load campaigns'}
        </button>
      </p>
      {progress && state === 'running' && (
        <ProgressBar progress={progress} onCancel={() => jobId && void api.cancelJob({ jobId })} />
      )}
      <ErrorMessage
        message={
          error ?? (state === 'failed' && progress?.error ? syncErrorText(progress.error) : null)
        }
        testId="campaign-sync-error"
      />
    </div>
  );
}
