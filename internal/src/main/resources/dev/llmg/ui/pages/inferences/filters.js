// What an inferences address may carry (so a filtered view can be bookmarked) and the ListInferences query it
// stands for.

/** Time range presets: the address keeps the preset (range=hour), so a bookmark stays "the last hour". */
const RANGES = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3 };

/** The filters the address may carry, each also a ListInferences query parameter (range and page_size aside). */
const FILTERS = ['model', 'provider', 'status', 'caller', 'structured_status', 'range', 'start_time', 'end_time',
  'page_size'];

/** The filters an address's query names; blank ones are left out. */
export function filtersOf(query) {
  const filters = {};
  for (const name of FILTERS) {
    const value = (query.get(name) || '').trim();
    if (value) filters[name] = value;
  }
  return filters;
}


/**
 * The ListInferences query for filters; a preset range becomes a start time before `now` (fixed while paging,
 * so that every page belongs to the same listing).
 */
export function listQuery(filters, pageToken, now) {
  const query = {
    model: filters.model,
    provider: filters.provider,
    status: filters.status,
    caller: filters.caller,
    structured_status: filters.structured_status,
    start_time: filters.start_time,
    end_time: filters.end_time,
    'page.page_size': filters.page_size,
    'page.page_token': pageToken,
  };
  if (RANGES[filters.range]) {
    query.start_time = new Date(now - RANGES[filters.range]).toISOString();
    query.end_time = undefined;
  }
  return query;
}

/** The address of the list filtered by chosen (empty filters left out). */
export function filtersAddress(chosen) {
  const search = new URLSearchParams();
  for (const name of FILTERS) if (chosen[name]) search.set(name, chosen[name]);
  const text = search.toString();
  return `#/inferences${text ? `?${text}` : ''}`;
}
