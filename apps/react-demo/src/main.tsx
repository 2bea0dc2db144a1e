import '@ingo-embed/demo-kit/demo.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs an element with id "root".');

// StrictMode mounts, destroys and mounts effects again in development: @ingo-embed/react still
// ends up with exactly one iframe.
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
