import { inject } from 'vitest';
import { useAssetDirectory } from '../src/assets.js';

useAssetDirectory(inject('assetsDir'));
