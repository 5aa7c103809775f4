import { CholeskyDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import chiSquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

// Data reconciliation by weighted least squares under linear balance constraints, as STAN does it
// (Cencic & Rechberger 2008) after the classical method (Narasimhan & Jordache, "Data Reconciliation
// and Gross Error Detection", 2000, ch. 3 and 7). docs/metabolism.md explains it step by step.
//
// The balance of node k reads Σ inflows − Σ outflows = 0, so the constraint matrix is the node–flow
// incidence matrix. That structure does the heavy lifting: unmeasured flows are eliminated by merging
// the nodes they join (the projection of Crowe et al. 1983, done on the graph), and an unmeasured flow
// is determined exactly when it is a bridge of the graph of unmeasured flows. The only dense algebra is
// the (constraints × constraints) matrix B·Σ·Bᵀ, factorised once (Cholesky).

export interface ReconciliationNode {
  id: string;
  /** Balanced nodes give one constraint each; the others (boundaries, unbalanced actors) none. */
  balanced: boolean;
}

export interface ReconciliationFlow {
  id: string;
  from: string;
  to: string;
  value: number;
  /** Standard uncertainty (> 0) of a measured flow; null for an unmeasured one (a free variable). */
  sigma: number | null;
}

export interface ReconciledFlow {
  id: string;
  measured: boolean;
  value: number;
  sigma: number | null;
  /** The reconciled value; for an unmeasured flow, the value the balances determine, or null if they do not. */
  adjusted: number | null;
  adjustedSigma: number | null;
  /** (measured − adjusted) / standard deviation of that difference; null for a measurement no balance checks. */
  normalisedResidual: number | null;
  /** A measurement that at least one independent balance checks (its value can be corrected). */
  redundant: boolean;
}

export interface ReconciliationResult {
  flows: ReconciledFlow[];
  /** Balanced nodes. */
  constraints: number;
  /** Independent constraints left once unmeasured flows are eliminated: the degrees of freedom of the test. */
  degreesOfFreedom: number;
  chiSquare: number | null;
  /** χ² quantile at the confidence level for these degrees of freedom. */
  criticalValue: number | null;
  pValue: number | null;
  confidence: number;
  /** False when the data disagree with the balances more than chance allows at the confidence level. */
  consistent: boolean;
}

/** Union–find over integer ids, with path halving. */
class DisjointSets {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }
}

export function reconcile(nodes: readonly ReconciliationNode[], flows: readonly ReconciliationFlow[], confidence = 0.95): ReconciliationResult {
  const balancedIndex = new Map<string, number>();
  for (const node of nodes) if (node.balanced) balancedIndex.set(node.id, balancedIndex.size);
  const nb = balancedIndex.size;
  const GROUND = nb; // every unbalanced node, merged: it keeps no balance
  const vertexOf = (nodeId: string) => balancedIndex.get(nodeId) ?? GROUND;
  for (const f of flows) {
    if (f.sigma !== null && !(f.sigma > 0)) throw new RangeError(`Flow ${f.id}: a measured flow needs a positive uncertainty`);
  }
  const measured = flows.filter((f) => f.sigma !== null);
  const unmeasured = flows.filter((f) => f.sigma === null);

  // 1. Eliminate unmeasured flows: nodes joined by one merge into one balance (the flow cancels out);
  //    a group that an unmeasured flow links to an unbalanced node gives no balance at all.
  const groups = new DisjointSets(nb + 1);
  for (const f of unmeasured) groups.union(vertexOf(f.from), vertexOf(f.to));
  const groundRoot = groups.find(GROUND);

  // 2. One reduced constraint per remaining group, over the measured flows that cross its border.
  const rowOfGroup = new Map<number, number>();
  const entries: { row: number; sign: 1 | -1 }[][] = measured.map(() => []);
  measured.forEach((f, j) => {
    const gFrom = groups.find(vertexOf(f.from));
    const gTo = groups.find(vertexOf(f.to));
    if (gFrom === gTo) return;
    for (const [g, sign] of [[gTo, 1], [gFrom, -1]] as const) {
      if (g === groundRoot) continue;
      let row = rowOfGroup.get(g);
      if (row === undefined) rowOfGroup.set(g, (row = rowOfGroup.size));
      entries[j]!.push({ row, sign });
    }
  });

  // 3. Rows of groups that no measured flow links to the ground sum to zero: drop one of each such set.
  const rowSets = new DisjointSets(rowOfGroup.size + 1);
  const rowGround = rowOfGroup.size;
  for (const e of entries) {
    if (e.length === 2) rowSets.union(e[0]!.row, e[1]!.row);
    else if (e.length === 1) rowSets.union(e[0]!.row, rowGround);
  }
  const dropped = new Set<number>();
  const seen = new Set<number>();
  for (let row = 0; row < rowOfGroup.size; row += 1) {
    const set = rowSets.find(row);
    if (set !== rowSets.find(rowGround) && !seen.has(set)) {
      seen.add(set);
      dropped.add(row);
    }
  }
  const finalRow = new Int32Array(rowOfGroup.size).fill(-1);
  let k = 0;
  for (let row = 0; row < rowOfGroup.size; row += 1) if (!dropped.has(row)) finalRow[row] = k++;
  const columns = entries.map((e) => e.filter((x) => finalRow[x.row]! >= 0).map((x) => ({ row: finalRow[x.row]!, sign: x.sign })));

  // 4. Weighted least squares: x̂ = m − Σ Bᵀ (B Σ Bᵀ)⁻¹ B m, with Σ the diagonal of variances.
  const variance = measured.map((f) => f.sigma! ** 2);
  const lambda = new Float64Array(k);
  let inverse: Float64Array | undefined;
  let chiSquare: number | null = null;
  if (k > 0) {
    const m = Matrix.zeros(k, k);
    const r = new Float64Array(k);
    columns.forEach((col, j) => {
      for (const a of col) {
        r[a.row]! += a.sign * measured[j]!.value;
        for (const b of col) m.set(a.row, b.row, m.get(a.row, b.row) + a.sign * b.sign * variance[j]!);
      }
    });
    const lower = lowerFactor(m, columns, variance, k);
    inverse = inverseFromCholesky(lower, k);
    // Vectors are solved through the factors, more accurate than multiplying by the inverse.
    const addInverseTimes = (v: Float64Array) => {
      const solved = solveWithLower(lower, v, k);
      for (let i = 0; i < k; i += 1) lambda[i]! += solved[i]!;
    };
    addInverseTimes(r);
    chiSquare = r.reduce((s, ri, i) => s + ri * lambda[i]!, 0);
    // Uncertainties spanning several orders of magnitude make B·Σ·Bᵀ ill-conditioned: one step of
    // iterative refinement (solve again for what the adjusted flows still leave unbalanced) closes
    // the balances to rounding error.
    const left = new Float64Array(k);
    columns.forEach((col, j) => {
      const adjusted = measured[j]!.value - variance[j]! * col.reduce((s, a) => s + a.sign * lambda[a.row]!, 0);
      for (const a of col) left[a.row]! += a.sign * adjusted;
    });
    addInverseTimes(left);
  }
  const quadratic = (col: readonly { row: number; sign: number }[]) => {
    let s = 0;
    for (const a of col) for (const b of col) s += a.sign * b.sign * inverse![a.row * k + b.row]!;
    return s;
  };

  const results = new Map<string, ReconciledFlow>();
  const adjustedMeasured = new Float64Array(measured.length);
  measured.forEach((f, j) => {
    const col = columns[j]!;
    const v = variance[j]!;
    const correction = v * col.reduce((s, a) => s + a.sign * lambda[a.row]!, 0);
    const residualVariance = col.length > 0 ? v * v * quadratic(col) : 0;
    const redundant = residualVariance > v * 1e-12;
    adjustedMeasured[j] = f.value - correction;
    results.set(f.id, {
      id: f.id,
      measured: true,
      value: f.value,
      sigma: f.sigma,
      adjusted: f.value - correction,
      adjustedSigma: Math.sqrt(Math.max(0, v - residualVariance)),
      normalisedResidual: redundant ? correction / Math.sqrt(residualVariance) : null,
      redundant,
    });
  });

  // 5. Unmeasured flows from the balances, once the measured ones are reconciled.
  for (const determined of determineUnmeasured(nb, vertexOf, measured, unmeasured, adjustedMeasured, variance, columns, inverse, k)) {
    results.set(determined.id, determined);
  }

  const criticalValue = k > 0 ? chiSquareQuantile(confidence, k) : null;
  return {
    flows: flows.map((f) => results.get(f.id)!),
    constraints: nb,
    degreesOfFreedom: k,
    chiSquare,
    criticalValue,
    pValue: chiSquare !== null ? 1 - chiSquareCdf(chiSquare, k) : null,
    confidence,
    consistent: chiSquare === null || chiSquare <= criticalValue!,
  };
}

/**
 * (B·Σ·Bᵀ)⁻¹ = L⁻ᵀ·L⁻¹ from its Cholesky factor, in a flat array: the variances need its entries, and
 * typed arrays do the k³/2 multiply-adds several times faster than generic matrix accessors.
 */
/**
 * L with L·Lᵀ = B·Σ·Bᵀ. Cholesky of the normal matrix first (fast); when uncertainties many orders of
 * magnitude apart make it numerically singular (a balance between a flow known to ±50,000 t and one
 * known to ±0.001 t: variances 10¹⁵ apart, beyond double precision once squared), the factor comes
 * from a QR decomposition of (B·Σ^½)ᵀ instead, whose condition is the square root of the normal
 * matrix's: Rᵀ·R = B·Σ·Bᵀ, so L = Rᵀ.
 */
function lowerFactor(m: Matrix, columns: readonly (readonly { row: number; sign: number }[])[], variance: readonly number[], k: number): Matrix {
  const cholesky = new CholeskyDecomposition(m);
  if (cholesky.isPositiveDefinite()) return cholesky.lowerTriangularMatrix;
  const scaled = Matrix.zeros(columns.length, k);
  columns.forEach((col, j) => {
    const sigma = Math.sqrt(variance[j]!);
    for (const a of col) scaled.set(j, a.row, scaled.get(j, a.row) + a.sign * sigma);
  });
  const qr = new QrDecomposition(scaled);
  if (columns.length < k || !qr.isFullRank()) throw new Error('The balance constraints are singular: this is a bug in the elimination of dependent rows');
  return qr.upperTriangularMatrix.transpose();
}

/** x with L·Lᵀ·x = v: forward then back substitution. */
function solveWithLower(lower: Matrix, v: Float64Array, k: number): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i += 1) {
    let s = v[i]!;
    for (let j = 0; j < i; j += 1) s -= lower.get(i, j) * y[j]!;
    y[i] = s / lower.get(i, i);
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i -= 1) {
    let s = y[i]!;
    for (let j = i + 1; j < k; j += 1) s -= lower.get(j, i) * x[j]!;
    x[i] = s / lower.get(i, i);
  }
  return x;
}

function inverseFromCholesky(factor: Matrix, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i += 1) for (let j = 0; j <= i; j += 1) l[i * k + j] = factor.get(i, j);
  const li = new Float64Array(k * k);
  for (let j = 0; j < k; j += 1) {
    li[j * k + j] = 1 / l[j * k + j]!;
    for (let i = j + 1; i < k; i += 1) {
      let s = 0;
      for (let m = j; m < i; m += 1) s += l[i * k + m]! * li[m * k + j]!;
      li[i * k + j] = -s / l[i * k + i]!;
    }
  }
  const inverse = new Float64Array(k * k);
  for (let a = 0; a < k; a += 1) {
    for (let b = 0; b <= a; b += 1) {
      let s = 0;
      for (let m = a; m < k; m += 1) s += li[m * k + a]! * li[m * k + b]!;
      inverse[a * k + b] = s;
      inverse[b * k + a] = s;
    }
  }
  return inverse;
}

/**
 * An unmeasured flow is determined when it is a bridge of the graph whose edges are the unmeasured
 * flows (unbalanced nodes merged into one ground vertex): cutting it leaves a side without the ground,
 * whose measured imbalance it must carry. A flow on a cycle of unknowns could take any value.
 */
function determineUnmeasured(
  nb: number,
  vertexOf: (nodeId: string) => number,
  measured: readonly ReconciliationFlow[],
  unmeasured: readonly ReconciliationFlow[],
  adjusted: Float64Array,
  variance: readonly number[],
  columns: readonly (readonly { row: number; sign: number }[])[],
  inverse: Float64Array | undefined,
  k: number,
): ReconciledFlow[] {
  const GROUND = nb;
  const undetermined = (f: ReconciliationFlow): ReconciledFlow => ({ id: f.id, measured: false, value: f.value, sigma: null, adjusted: null, adjustedSigma: null, normalisedResidual: null, redundant: false });
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: nb + 1 }, () => []);
  unmeasured.forEach((f, e) => {
    const a = vertexOf(f.from);
    const b = vertexOf(f.to);
    if (a === b) return; // both ends unbalanced: no balance says anything about it
    adjacency[a]!.push({ to: b, edge: e });
    adjacency[b]!.push({ to: a, edge: e });
  });

  // Iterative depth-first search from the ground first, then from every other unvisited vertex:
  // entry/exit times give subtrees, low-links give bridges (Tarjan 1974).
  const entry = new Int32Array(nb + 1).fill(-1);
  const exit = new Int32Array(nb + 1);
  const low = new Int32Array(nb + 1);
  const parentEdge = new Int32Array(nb + 1).fill(-1);
  const childOfEdge = new Map<number, number>();
  let clock = 0;
  const roots = [GROUND, ...Array.from({ length: nb }, (_, i) => i)];
  for (const root of roots) {
    if (entry[root]! >= 0 || adjacency[root]!.length === 0) continue;
    const stack: { v: number; next: number }[] = [{ v: root, next: 0 }];
    entry[root] = low[root] = clock++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = adjacency[top.v]!;
      if (top.next < edges.length) {
        const { to, edge } = edges[top.next++]!;
        if (edge === parentEdge[top.v]) continue;
        if (entry[to]! < 0) {
          parentEdge[to] = edge;
          childOfEdge.set(edge, to);
          entry[to] = low[to] = clock++;
          stack.push({ v: to, next: 0 });
        } else low[top.v] = Math.min(low[top.v]!, entry[to]!);
      } else {
        exit[top.v] = clock++;
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) low[parent.v] = Math.min(low[parent.v]!, low[top.v]!);
      }
    }
  }

  const inSubtree = (vertex: number, root: number) => vertex !== GROUND && entry[vertex]! >= entry[root]! && exit[vertex]! <= exit[root]! && entry[vertex]! >= 0;
  return unmeasured.map((f, e) => {
    const child = childOfEdge.get(e);
    if (child === undefined || low[child]! < entry[child]!) return undetermined(f);
    // The flow carries the side's imbalance: into the side if it points there, out of it otherwise.
    const sign = inSubtree(vertexOf(f.to), child) ? -1 : 1;
    let value = 0;
    const g = new Map<number, number>();
    measured.forEach((m, j) => {
      const into = inSubtree(vertexOf(m.to), child);
      const outOf = inSubtree(vertexOf(m.from), child);
      if (into === outOf) return;
      const c = sign * (into ? 1 : -1);
      value += c * adjusted[j]!;
      g.set(j, c);
    });
    // Var(gᵀx̂) = gᵀΣg − (BΣg)ᵀ (BΣBᵀ)⁻¹ (BΣg)
    let varianceOfValue = 0;
    const w = new Float64Array(k);
    for (const [j, c] of g) {
      varianceOfValue += c * c * variance[j]!;
      for (const a of columns[j]!) w[a.row]! += a.sign * variance[j]! * c;
    }
    if (inverse) {
      for (let i = 0; i < k; i += 1) {
        if (w[i] === 0) continue;
        let s = 0;
        for (let j = 0; j < k; j += 1) s += inverse[i * k + j]! * w[j]!;
        varianceOfValue -= w[i]! * s;
      }
    }
    return { id: f.id, measured: false, value: f.value, sigma: null, adjusted: value, adjustedSigma: Math.sqrt(Math.max(0, varianceOfValue)), normalisedResidual: null, redundant: false };
  });
}
