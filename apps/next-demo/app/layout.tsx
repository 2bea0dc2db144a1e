import '@ingo-embed/demo-kit/demo.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'Ingo embed — Next.js demo', template: '%s — Ingo embed — Next.js demo' },
  description:
    "Ingo Payments' Embedded Account Capture iFrame in a Next.js App Router page: @ingo-embed/react and @ingo-embed/server.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
