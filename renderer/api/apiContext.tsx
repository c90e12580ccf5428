import { createContext, useContext } from 'react';
import type { EngramApi } from '../../contract';

export const ApiContext = createContext<EngramApi | null>(null);

/** The typed host API; the only way views talk to the host. */
export function useApi(): EngramApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
