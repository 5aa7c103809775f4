import { objectiveFields, type ObjectiveInput, type VisionDiff, type VisionVersion } from '../../../api-contract';

/**
 * What publishing would change, shown before it is done. It follows the server's rule (objectives
 * matched by id, fields compared one by one); once published, the server's own diff is the record.
 */
export function previewVisionDiff(current: Pick<VisionVersion, 'version' | 'statement' | 'objectives'> | null, statement: string, objectives: ObjectiveInput[]): VisionDiff {
  const before = new Map((current?.objectives ?? []).map((o) => [o.id, o]));
  const kept = new Set(objectives.flatMap((o) => (o.id ? [o.id] : [])));
  const changed: VisionDiff['changed'] = [];
  for (const objective of objectives) {
    const old = objective.id ? before.get(objective.id) : undefined;
    if (!old) continue;
    const fields = objectiveFields.filter((f) => old[f] !== objective[f]).map((field) => ({ field, before: old[field], after: objective[field] }));
    if (fields.length > 0) changed.push({ id: old.id, title: objective.title, fields });
  }
  const previousStatement = current?.statement ?? '';
  const statementChanged = previousStatement !== statement;
  return {
    from: current?.version ?? 0,
    to: (current?.version ?? 0) + 1,
    statementChanged,
    statement: statementChanged ? { before: previousStatement, after: statement } : null,
    added: objectives.filter((o) => !o.id || !before.has(o.id)).map((o, i) => ({ ...o, id: o.id ?? `new-${i}` })),
    removed: (current?.objectives ?? []).filter((o) => !kept.has(o.id)),
    changed,
  };
}
