/**
 * Light and dark themes. The learner's choice is kept in localStorage; without one the page follows the
 * system (`prefers-color-scheme`). The inline script in Base.astro applies a stored choice before first paint;
 * this module keeps it in sync afterwards and tells Monaco and xterm when it changes.
 */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'cruddur-workshop:theme';
const EVENT = 'workshop:themechange';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)');

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage blocked: follow the system
  }
}

export function currentTheme(): Theme {
  return storedTheme() ?? (systemDark().matches ? 'dark' : 'light');
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // still applied for this page
  }
  document.documentElement.dataset.theme = theme;
  document.dispatchEvent(new CustomEvent(EVENT));
}

/** Calls `listener` with the effective theme whenever it changes (a toggle, or the system while unchosen). */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  const onToggle = () => listener(currentTheme());
  const onSystem = () => {
    if (!storedTheme()) listener(currentTheme());
  };
  document.addEventListener(EVENT, onToggle);
  const query = systemDark();
  query.addEventListener('change', onSystem);
  return () => {
    document.removeEventListener(EVENT, onToggle);
    query.removeEventListener('change', onSystem);
  };
}

/** The header's toggle: a pressed "Dark theme" button, so its state is announced, not only shown. */
export function wireThemeToggle(button: HTMLButtonElement): () => void {
  const render = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
  render();
  button.addEventListener('click', () => setTheme(currentTheme() === 'dark' ? 'light' : 'dark'));
  return onThemeChange(render);
}
