import Link from 'next/link';

const PAGES = [
  { href: '/', label: 'Funding form' },
  { href: '/about', label: 'About' },
] as const;

/** The demo's two pages, with next/link (client-side navigation) and the current one marked. */
export function DemoNav({ current }: { current: (typeof PAGES)[number]['href'] }) {
  return (
    <nav className="demo-nav" aria-label="Demo pages">
      {PAGES.map((page) => (
        <Link
          key={page.href}
          href={page.href}
          aria-current={page.href === current ? 'page' : undefined}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
