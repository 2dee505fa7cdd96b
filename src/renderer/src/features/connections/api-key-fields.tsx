import { useId, useRef, useState } from 'react';
import type { Ref } from 'react';
import type { KeyStorageStatus } from '../../../../shared/key-storage';
import {
  keyStorageChoice,
  noKeychainExplanation,
  SESSION_ONLY_LABEL,
} from '../../lib/key-storage-words';

/**
 * The API key input and, where the computer has no keychain, the explicit
 * choice to keep the key for this session only (never pre-ticked: the user
 * decides, main never does). Used by the new-connection form and by a card
 * entering its key again.
 */
export function ApiKeyFields({
  status,
  apiKey,
  onApiKey,
  sessionOnly,
  onSessionOnly,
  sessionRef,
  autoFocus = false,
}: {
  status: KeyStorageStatus | null;
  apiKey: string;
  onApiKey: (key: string) => void;
  sessionOnly: boolean;
  onSessionOnly: (sessionOnly: boolean) => void;
  /** The checkbox, so a form can move focus to it when the choice is missing. */
  sessionRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}) {
  const [showHelp, setShowHelp] = useState(false);
  const helpId = useId();
  const noticeId = useId();
  const noKeychain = status !== null && status.kind !== 'keychain' ? status : null;
  return (
    <>
      <label>
        API key
        <input
          data-testid="connection-key"
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => onApiKey(e.target.value)}
          aria-describedby={noKeychain ? noticeId : undefined}
          autoFocus={autoFocus}
          required
        />
        {!noKeychain && (
          <small>
            Stored encrypted by {status?.kind === 'keychain' ? status.name : 'your OS keychain'}; it
            never comes back to this window.
          </small>
        )}
      </label>
      {noKeychain && (
        <div className="key-notice" data-testid="key-storage-notice">
          <p id={noticeId}>{noKeychainExplanation(noKeychain)}</p>
          <label className="radio">
            <input
              type="checkbox"
              data-testid="connection-key-session"
              ref={sessionRef}
              checked={sessionOnly}
              onChange={(e) => onSessionOnly(e.target.checked)}
            />
            {SESSION_ONLY_LABEL}
          </label>
          {noKeychain.kind === 'no-keyring' && (
            <>
              <button
                type="button"
                className="link"
                aria-expanded={showHelp}
                aria-controls={helpId}
                onClick={() => setShowHelp((shown) => !shown)}
                data-testid="keyring-help-toggle"
              >
                Have GNOME Keyring or KWallet? Use it instead
              </button>
              <p id={helpId} hidden={!showHelp} className="muted" data-testid="keyring-help">
                If your keyring is installed but was not detected, quit Prospect Desk and start it
                with <code>--password-store=gnome-libsecret</code> (GNOME Keyring) or{' '}
                <code>--password-store=kwallet6</code> (KWallet; <code>kwallet5</code> or{' '}
                <code>kwallet</code> on older KDE), e.g.{' '}
                <code>prospect-desk --password-store=gnome-libsecret</code>. More in the README,
                “API keys on Linux without a keyring”.
              </p>
            </>
          )}
        </div>
      )}
    </>
  );
}

/**
 * The key being entered and where the user chose to keep it, for a form that
 * shows `<ApiKeyFields {...entry.fields} />`. `onChosen` runs when the
 * session-only box gets ticked (a form clears its "choose" error then).
 */
export function useKeyEntry(keyStorage: KeyStorageStatus | null, onChosen: () => void) {
  const [apiKey, setApiKey] = useState('');
  const [sessionOnly, setSessionOnly] = useState(false);
  const sessionRef = useRef<HTMLInputElement>(null);
  return {
    apiKey,
    /** 'keychain', 'session', or null while the user still has to choose. */
    choice: keyStorageChoice(keyStorage, sessionOnly),
    /** Points the user at the choice they have not made. */
    focusChoice: () => sessionRef.current?.focus(),
    /** Each key is a choice of its own: the box is never left ticked for the next one. */
    reset() {
      setApiKey('');
      setSessionOnly(false);
    },
    fields: {
      status: keyStorage,
      apiKey,
      onApiKey: setApiKey,
      sessionOnly,
      onSessionOnly: (checked: boolean) => {
        setSessionOnly(checked);
        if (checked) onChosen();
      },
      sessionRef,
    },
  };
}
