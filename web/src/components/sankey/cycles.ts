/**
 * The links that lie on a cycle: both ends in the same strongly connected component, or a self-loop
 * (Tarjan's algorithm, iterative so that a long chain cannot overflow the stack).
 */
export function linksOnCycles<L extends { id: string; source: string; target: string }>(nodeIds: readonly string[], links: readonly L[]): Set<string> {
  const successors = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const link of links) successors.get(link.source)?.push(link.target);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  let components = 0;
  for (const start of nodeIds) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = successors.get(frame.node)!;
      if (frame.next < next.length) {
        const successor = next[frame.next++]!;
        if (!successors.has(successor)) continue;
        if (!index.has(successor)) {
          index.set(successor, counter);
          low.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.node);
        components++;
      }
    }
  }
  const result = new Set<string>();
  for (const link of links) {
    const a = component.get(link.source);
    if (a !== undefined && (link.source === link.target || a === component.get(link.target))) result.add(link.id);
  }
  return result;
}

/**
 * Gives a node that both sends and receives (abroad: imports and exports) one node for each role,
 * so that what enters from outside starts on the left and what leaves ends on the right, and no
 * false loop runs through the outside world. `split` says which nodes may be split.
 */
export function splitTwoWayNodes<N extends { id: string }, L extends { source: string; target: string }>(
  nodes: readonly N[],
  links: readonly L[],
  split: (node: N) => boolean,
  rename: (node: N, role: 'source' | 'target') => N,
): { nodes: N[]; links: L[] } {
  const sends = new Set(links.map((link) => link.source));
  const receives = new Set(links.map((link) => link.target));
  const twoWay = new Set(nodes.filter((node) => split(node) && sends.has(node.id) && receives.has(node.id)).map((node) => node.id));
  if (twoWay.size === 0) return { nodes: [...nodes], links: [...links] };
  const sourceId = (id: string) => (twoWay.has(id) ? `${id}#source` : id);
  const targetId = (id: string) => (twoWay.has(id) ? `${id}#target` : id);
  return {
    nodes: nodes.flatMap((node) =>
      twoWay.has(node.id)
        ? [
            { ...rename(node, 'source'), id: sourceId(node.id) },
            { ...rename(node, 'target'), id: targetId(node.id) },
          ]
        : [node],
    ),
    links: links.map((link) => ({ ...link, source: sourceId(link.source), target: targetId(link.target) })),
  };
}
