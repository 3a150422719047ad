import type { CheckResult } from './check-result.ts';

const FAILURE_LABEL: Record<NonNullable<CheckResult['failure']>['kind'], string> = {
  learner: 'Your code',
  environment: 'The sandbox (not your code) — try again',
  checker: 'The checker itself (not your code)',
  timeout: 'Timed out',
};

export interface CheckPanelOptions {
  /** True when a failed check's hint is its last level: the panel then offers the solution diff. */
  isLastHint?(result: CheckResult): boolean;
  onCompare?(): void;
}

/** Renders check results; every result shows its title and exactly one status word. */
export function renderCheckResults(list: HTMLOListElement, results: readonly CheckResult[], stale: boolean, options: CheckPanelOptions = {}): void {
  list.replaceChildren(...results.map((result) => renderResult(result, stale, options)));
}

function renderResult(result: CheckResult, stale: boolean, options: CheckPanelOptions): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'check';
  item.dataset.status = result.status;
  item.dataset.checkId = result.id;
  if (stale) item.dataset.stale = 'true';

  const head = document.createElement('div');
  head.className = 'check-head';
  const status = document.createElement('span');
  status.className = 'check-status';
  status.textContent = result.status;
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.className = 'check-icon';
  icon.textContent = result.status === 'passed' ? '✓' : result.status === 'failed' ? '✗' : '…';
  const title = document.createElement('span');
  title.className = 'check-title';
  title.textContent = result.title;
  head.append(icon, status, title);
  if (stale) {
    const staleMark = document.createElement('span');
    staleMark.className = 'check-stale';
    staleMark.textContent = '(files changed since)';
    head.append(staleMark);
  }
  item.append(head);

  if (result.status === 'failed' && result.failure) {
    const why = document.createElement('p');
    why.className = 'check-failure';
    why.textContent = `${FAILURE_LABEL[result.failure.kind]}: ${result.failure.message}`;
    item.append(why);
  }
  if (result.status === 'waiting' && result.message) {
    const why = document.createElement('p');
    why.className = 'check-failure muted';
    why.textContent = result.message;
    item.append(why);
  }
  if (result.hint) {
    const hint = document.createElement('p');
    hint.className = 'check-hint';
    hint.textContent = `Hint: ${result.hint}`;
    item.append(hint);
    if (options.onCompare && options.isLastHint?.(result)) {
      const offer = document.createElement('p');
      offer.className = 'check-solution-offer';
      offer.append('That was the last hint for this check. ');
      const compare = document.createElement('button');
      compare.type = 'button';
      compare.className = 'link-button';
      compare.dataset.action = 'compare-from-hint';
      compare.textContent = 'Compare your files with the solution';
      compare.addEventListener('click', () => options.onCompare?.());
      offer.append(compare);
      item.append(offer);
    }
  }
  if (result.evidence !== undefined && result.status !== 'waiting') {
    const details = document.createElement('details');
    details.className = 'check-evidence';
    const summary = document.createElement('summary');
    summary.textContent = 'What the check saw';
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(result.evidence, null, 2);
    details.append(summary, pre);
    item.append(details);
  }
  return item;
}
