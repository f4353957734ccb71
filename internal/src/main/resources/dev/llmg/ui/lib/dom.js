// Building the page's elements. Text always goes in as text nodes, never as HTML, so nothing the API returns
// (a model's answer, an error message, a caller's name) can ever run as markup.

/**
 * Returns a new element: h('a', {href: '#/x', class: 'y', on: {click: f}, dataset: {id: 1}}, 'text', child).
 * Attributes set to undefined, null or false are left out; true sets an empty attribute.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [type, listener] of Object.entries(value)) element.addEventListener(type, listener);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (elements, strings, numbers, arrays of them; null and undefined are skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/**
 * A table: columns are {label, value: row => text or element, class?}; rows with an onRow handler are links
 * reachable with the keyboard (Enter opens them).
 */
export function table(columns, rows, { caption, onRow, empty = 'Nothing to show.', rowId } = {}) {
  const head = h('thead', null, h('tr', null, columns.map((column) => h('th', { scope: 'col', class: column.class },
    column.label))));
  const body = h('tbody');
  for (const row of rows) {
    const tr = h('tr', { dataset: rowId ? { id: rowId(row) } : undefined },
      columns.map((column) => h('td', { class: column.class, 'data-label': column.label }, column.value(row))));
    if (onRow) {
      tr.tabIndex = 0;
      tr.classList.add('link-row');
      tr.addEventListener('click', () => onRow(row));
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') onRow(row);
      });
    }
    body.append(tr);
  }
  if (rows.length === 0) body.append(h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, empty)));
  return h('div', { class: 'table-wrap' }, h('table', null, caption ? h('caption', null, caption) : null, head,
    body));
}

/** A labelled form field around an input, select or textarea. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

/** A select of options given as [value, label] pairs or plain values. */
export function select(options, attributes) {
  return h('select', attributes, options.map((option) => {
    const [value, label] = Array.isArray(option) ? option : [option, option];
    return h('option', { value, selected: attributes && attributes.value === value }, label);
  }));
}

/** A box telling what went wrong, in the API's own words (an ApiError's message, reason and field). */
export function errorBox(error) {
  const parts = [error.message || String(error)];
  if (error.reason) parts.push(`(${error.reason}${error.field ? `, field ${error.field}` : ''})`);
  return h('div', { class: 'error', role: 'alert' }, parts.join(' '));
}

/** A row of figures: [label, value] pairs shown as tiles. */
export function tiles(pairs) {
  return h('div', { class: 'tiles' }, pairs.map(([label, value, id]) =>
    h('div', { class: 'tile', dataset: id ? { tile: id } : undefined },
      h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value))));
}

/** A definition list of [term, description] pairs; pairs whose description is empty are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null
    && value !== '').map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}
