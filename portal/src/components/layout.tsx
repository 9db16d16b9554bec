import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../session.tsx';
import { humanize } from '../lib/format.ts';
import { currentItem, navItems } from './nav-items.ts';
import { NotificationBell } from './notification-bell.tsx';

export const PRODUCT_NAME = 'Partner Portal';

/** Header, role-based navigation and the main landmark around every signed-in page. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { me, signOut } = useSession();
  const { path, query } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  // A route change closes the phone menu.
  useEffect(() => setMenuOpen(false), [path]);

  // Escape closes the open phone menu and gives focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      document.querySelector<HTMLButtonElement>('.menu-button')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const items = me ? navItems(me.user.role) : [];
  // A deal opened from the approval queue (`?queue=`) is still queue work.
  const fromQueue = query.queue !== undefined && path.startsWith('/deals/');
  const current = fromQueue ? items.find((item) => item.href === '/queue') : currentItem(items, path);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="header-bar">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">◆</span> {PRODUCT_NAME}
          </a>
          {me && (
            <button
              type="button"
              class="menu-button"
              aria-expanded={menuOpen}
              aria-controls="site-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              Menu
            </button>
          )}
          {me && (
            <div class="user-box">
              <NotificationBell />
              <a class="user-name" href="/account">
                {me.user.name}
              </a>
              <span class="user-org muted">{me.partner ? me.partner.name : humanize(me.user.role)}</span>
              <button type="button" class="button link" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          )}
        </div>
        {me && (
          <nav id="site-nav" class={`site-nav${menuOpen ? ' open' : ''}`} aria-label="Main">
            <ul>
              {items.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={item === current ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
