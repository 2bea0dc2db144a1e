import { installSdk } from './sdk.js';

installSdk(window);
