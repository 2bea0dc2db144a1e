import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Development renders twice and mounts effects twice: the form still ends with one iframe.
  reactStrictMode: true,
  // `next dev` only serves its HMR socket to the hosts it knows; without this a page opened at
  // 127.0.0.1 (instead of localhost) never hydrates.
  allowedDevOrigins: ['127.0.0.1'],
};

export default nextConfig;
