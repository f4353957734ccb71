// The models and model groups the key may name, as GET /api/v1/models lists them (several pages read it).

import { api } from './api.js';

/** Every model and group the key may use (one page of up to 1000: far more than any configuration has). */
export async function listModels(signal) {
  const answer = await api('/api/v1/models', { query: { 'page.page_size': 1000 }, signal });
  return answer.models || [];
}
