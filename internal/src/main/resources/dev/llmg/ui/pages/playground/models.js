// How the playground names the models to choose from: the select's short labels and the longer line below it.

/** The model select's options: each model with its availability, groups showing their strategy. */
export function modelOptions(models, current) {
  const options = models.map((model) => {
    const group = (model.targets || []).length > 1 ? ` (group, ${model.strategy || 'group'})` : '';
    const availability = model.available ? '' : ` — unavailable${model.unavailableReason
      ? `: ${model.unavailableReason}` : ''}`;
    return [model.id, `${model.id}${group}${availability}`];
  });
  if (current && !models.some((model) => model.id === current)) options.push([current, `${current} (not listed)`]);
  return options;
}

/** A model's targets, strategy and availability in a line: what the select's label has no room for. */
export function modelDescription(model) {
  const targets = (model.targets || []).map((target) => `${target.provider}/${target.model}`);
  const serving = targets.length > 1 ? `a group of ${targets.join(', ')} (${model.strategy || 'weighted'})`
    : `served by ${targets[0] || `${model.provider}/${model.providerModel}`}`;
  const fallbacks = (model.fallbacks || []).length ? `; falls back to ${model.fallbacks.join(', ')}` : '';
  const availability = model.available ? 'available' : `unavailable: ${model.unavailableReason || 'no reason given'}`;
  return `${model.id}: ${serving}${fallbacks}; ${availability}.`;
}
