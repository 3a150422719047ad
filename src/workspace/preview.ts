import type { SandboxServices } from '../runtime/sandbox.ts';

export type PreviewService = 'backend' | 'frontend';

/** Points the preview iframe at a service of the running sandbox. */
export function wirePreview(
  form: HTMLFormElement,
  frame: HTMLIFrameElement,
  openLink: HTMLAnchorElement,
  urlFor: (service: PreviewService) => string | null,
): { show(service: PreviewService, path: string): void; showAgain(fallback: { service: PreviewService; path: string }): void } {
  const serviceSelect = form.elements.namedItem('service') as HTMLSelectElement;
  const pathInput = form.elements.namedItem('path') as HTMLInputElement;
  let last: { service: PreviewService; path: string } | null = null;
  const show = (service: PreviewService, path: string) => {
    last = { service, path };
    serviceSelect.value = service;
    pathInput.value = path;
    const base = urlFor(service);
    if (!base) return;
    const url = new URL(path.startsWith('/') ? path : `/${path}`, base).toString();
    frame.src = url;
    openLink.href = url;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(serviceSelect.value as PreviewService, pathInput.value || '/');
  });
  // A new session (Retry) has new ports: the preview goes back to what the learner had open, not the step's default.
  const showAgain = (fallback: { service: PreviewService; path: string }) => {
    const target = last ?? fallback;
    show(target.service, target.path);
  };
  return { show, showAgain };
}

export function servicePort(services: SandboxServices, service: PreviewService): number {
  return service === 'backend' ? services.backendPort : services.frontendPort;
}
