import { useEffect, useState } from 'react';
import type { KeyStorageStatus } from '../../../../shared/key-storage';
import { api } from '../../lib/api';

/** What protects API keys on this computer (null until main has said). */
export function useKeyStorage(): KeyStorageStatus | null {
  const [status, setStatus] = useState<KeyStorageStatus | null>(null);
  useEffect(() => {
    let live = true;
    void api.getAppInfo().then((result) => {
      if (live && result.ok) setStatus(result.value.keyStorage);
    });
    return () => {
      live = false;
    };
  }, []);
  return status;
}
