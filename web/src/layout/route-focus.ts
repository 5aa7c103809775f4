import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A single-page app does not reload on navigation, so screen readers would not hear the new page:
 * move the focus to its heading, as a page load would (WCAG 2.4.3, RGAA topic 12).
 */
export function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const shownPathname = useRef(pathname);
  useEffect(() => {
    if (shownPathname.current === pathname) return;
    shownPathname.current = pathname;
    const target = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname]);
}
