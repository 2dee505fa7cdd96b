import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
};

/** Whether the OS reports a network. Lists and snapshots work either way. */
export const useOnline = () => useSyncExternalStore(subscribe, () => navigator.onLine);
