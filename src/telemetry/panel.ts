/**
 * The Telemetry panel of the workspace: a tab per view (Traces, Query, X-Ray, Rollbar, Logs, Requests) and a
 * Maximise button that fills the window with it (for projecting to a room). Loaded after the page's load event;
 * each view loads when its tab is first opened, and views stay mounted (and live) when another tab is shown.
 */
import './telemetry.css';
import type { Sandbox } from '../runtime/sandbox.ts';
import type { MountView, TelemetrySource, ViewLink } from './source.ts';
import { sendLink } from './link-event.ts';
import { chooseSourceKind, createSource } from './choose-source.ts';
import { el } from './ui/dom.ts';
import { loadExternalView, viewOrder, viewTitles, type ViewName } from './view-registry.ts';

export interface TelemetryPanelOptions {
  /** The running sandbox, once there is one. */
  sandbox(): Sandbox | null;
  /** Calls back whenever the sandbox phase changes (the workspace's $sandboxPhase store); returns an unsubscribe. */
  subscribePhase(listener: (phase: { kind: string }) => void): () => void;
}

interface MountedView {
  host: HTMLElement;
  ready: Promise<void>;
  unmount?: () => void;
}

export function mountTelemetryPanel(host: HTMLElement, options: TelemetryPanelOptions): () => void {
  const tablist = el('div', { class: 'tm-tabs', attrs: { role: 'tablist', 'aria-label': 'Telemetry views' } });
  const maximise = el('button', { class: 'button tm-maximise', text: 'Maximise', attrs: { type: 'button', 'aria-pressed': 'false', title: 'Fill the window with the telemetry views (Escape restores)' } });
  const panels = el('div', { class: 'tm-panels' });
  const root = el('div', { class: 'tm-root' }, el('div', { class: 'tm-tabbar' }, tablist, maximise), panels);
  host.replaceChildren(root);

  const tabs = new Map<ViewName, HTMLButtonElement>();
  const mounted = new Map<ViewName, MountedView>();
  const cleanups: Array<() => void> = [];
  let source: TelemetrySource | undefined;
  let sandbox: Sandbox | undefined;
  let current: ViewName = 'traces';
  let phaseKind = '';
  let markReady: () => void = () => undefined;
  const sourceReady = new Promise<void>((resolve) => (markReady = resolve));
  const tryReady = () => {
    const box = options.sandbox();
    if (phaseKind !== 'ready' || !box || box === sandbox) return;
    // A Retry starts a new sandbox (with new ports on the local provider): views of the old one are rebuilt.
    const stale = sandbox !== undefined;
    sandbox = box;
    const kind = chooseSourceKind(box, location.search);
    source = createSource(box, kind);
    root.dataset.source = kind;
    markReady();
    if (stale) remountAll();
  };
  // The phase can turn "ready" a moment before the session object exists, and a Retry swaps the session: look
  // again every half second (a property read, nothing more).
  const timer = setInterval(tryReady, 500);
  cleanups.push(() => clearInterval(timer));
  cleanups.push(
    options.subscribePhase((phase) => {
      phaseKind = phase.kind;
      root.dataset.phase = phase.kind;
      tryReady();
    }),
  );

  const open = (link: ViewLink) => {
    show(link.view);
    void mountView(link.view).ready.then(() => {
      const view = mounted.get(link.view);
      if (view) sendLink(view.host, link);
    });
  };

  const mountView = (name: ViewName): MountedView => {
    const existing = mounted.get(name);
    if (existing) return existing;
    const viewHost = el('div', { class: 'tm-view', attrs: { 'data-view': name } });
    viewHost.append(el('p', { class: 'tm-muted tm-placeholder', text: 'Waiting for the sandbox’s local cloud…' }));
    const panel = panels.querySelector<HTMLElement>(`[data-tm-panel="${name}"]`);
    panel?.append(viewHost);
    const view: MountedView = { host: viewHost, ready: Promise.resolve() };
    mounted.set(name, view);
    view.ready = (async () => {
      await sourceReady;
      const mount = await loaderFor(name);
      // Unmounted meanwhile (a Retry replaced the sandbox): the fresh copy of this view mounts instead.
      if (!source || mounted.get(name) !== view) return;
      if (!mount) {
        viewHost.replaceChildren(el('p', { class: 'tm-muted tm-placeholder', text: `The ${viewTitles[name]} view is not available yet in this version of the workshop.` }));
        viewHost.dataset.unavailable = 'true';
        return;
      }
      viewHost.replaceChildren();
      view.unmount = mount(viewHost, source, open);
      viewHost.dataset.mounted = 'true';
    })().catch((error: unknown) => {
      viewHost.replaceChildren(el('p', { class: 'tm-alert', text: `The ${viewTitles[name]} view could not load: ${(error as Error).message}` }));
    });
    return view;
  };
  const unmountAll = () => {
    for (const view of mounted.values()) {
      view.unmount?.();
      view.host.remove();
    }
    mounted.clear();
  };
  const remountAll = () => {
    unmountAll();
    mountView(current);
  };
  cleanups.push(unmountAll);

  const loaderFor = async (name: ViewName): Promise<MountView | undefined> => {
    if (name === 'traces') return (await import('./traces/view.ts')).mount;
    if (name === 'requests') {
      const [{ mountRequests }, { sendAppRequest }] = await Promise.all([import('./requests/view.ts'), import('./requests/app-request.ts')]);
      return (viewHost, viewSource, viewOpen) => {
        const box = sandbox;
        if (!box) throw new Error('no sandbox');
        return mountRequests(viewHost, viewSource, viewOpen, { send: (request) => sendAppRequest(box, box.services.backendPort, request) });
      };
    }
    return loadExternalView(name);
  };

  const show = (name: ViewName) => {
    current = name;
    for (const [view, tab] of tabs) {
      const selected = view === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = panels.querySelector<HTMLElement>(`[data-tm-panel="${view}"]`);
      if (panel) panel.hidden = !selected;
    }
    mountView(name);
  };

  viewOrder.forEach((name, index) => {
    const tab = el('button', { text: viewTitles[name], attrs: { type: 'button', role: 'tab', id: `tm-tab-${name}`, 'aria-controls': `tm-panel-${name}`, 'aria-selected': 'false', tabindex: '-1', 'data-tm-tab': name } });
    tab.addEventListener('click', () => show(name));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      const target = event.key === 'Home' ? 0 : event.key === 'End' ? viewOrder.length - 1 : step ? (index + step + viewOrder.length) % viewOrder.length : -1;
      const next = viewOrder[target];
      if (next === undefined) return;
      event.preventDefault();
      tabs.get(next)?.focus();
      show(next);
    });
    tabs.set(name, tab);
    tablist.append(tab);
    panels.append(el('div', { class: 'tm-panel', attrs: { role: 'tabpanel', id: `tm-panel-${name}`, 'aria-labelledby': `tm-tab-${name}`, 'data-tm-panel': name, hidden: '' } }));
  });

  const setMaximised = (on: boolean) => {
    root.classList.toggle('tm-maximised', on);
    maximise.setAttribute('aria-pressed', String(on));
    maximise.textContent = on ? 'Restore' : 'Maximise';
  };
  maximise.addEventListener('click', () => setMaximised(!root.classList.contains('tm-maximised')));
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && root.classList.contains('tm-maximised')) {
      setMaximised(false);
      maximise.focus();
    }
  };
  document.addEventListener('keydown', onKey);
  cleanups.push(() => document.removeEventListener('keydown', onKey));

  show(current);
  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    root.remove();
  };
}
