// A line diff of two texts by their longest common subsequence, small enough to read: the instructions page diffs
// two versions' text renderings with it. Texts here are a few hundred lines, so the O(n·m) table is cheap; past
// MAX_CELLS it falls back to trimming the common head and tail and showing the middle as removed then added.

const MAX_CELLS = 4_000_000;

/**
 * Returns the lines of a diff from before to after, in order: {op: ' ' | '-' | '+', text, a, b}, where a and b
 * are the line's 1-based numbers in before and after (null on the side it is missing from).
 */
export function diffLines(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const result = [];
  for (let i = 0; i < start; i += 1) result.push({ op: ' ', text: a[i], a: i + 1, b: i + 1 });
  result.push(...middle(a, b, start, endA, endB));
  for (let i = endA, j = endB; i < a.length; i += 1, j += 1) result.push({ op: ' ', text: a[i], a: i + 1, b: j + 1 });
  return result;
}

/** Whether a diff has any change. */
export function hasChanges(lines) {
  return lines.some((line) => line.op !== ' ');
}

function splitLines(text) {
  if (!text) return [];
  const lines = String(text).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The diff of a[start, endA) against b[start, endB), by an LCS table of the suffixes. */
function middle(a, b, start, endA, endB) {
  const n = endA - start;
  const m = endB - start;
  const out = [];
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    for (let i = start; i < endA; i += 1) out.push({ op: '-', text: a[i], a: i + 1, b: null });
    for (let j = start; j < endB; j += 1) out.push({ op: '+', text: b[j], a: null, b: j + 1 });
    return out;
  }
  // lcs[i * (m + 1) + j]: the LCS length of a[start + i ..] and b[start + j ..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = a[start + i] === b[start + j]
        ? lcs[(i + 1) * width + j + 1] + 1
        : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      out.push({ op: ' ', text: a[start + i], a: start + i + 1, b: start + j + 1 });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      out.push({ op: '-', text: a[start + i], a: start + i + 1, b: null });
      i += 1;
    } else {
      out.push({ op: '+', text: b[start + j], a: null, b: start + j + 1 });
      j += 1;
    }
  }
  for (; i < n; i += 1) out.push({ op: '-', text: a[start + i], a: start + i + 1, b: null });
  for (; j < m; j += 1) out.push({ op: '+', text: b[start + j], a: null, b: start + j + 1 });
  return out;
}
