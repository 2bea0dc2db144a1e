import { runPage } from './page.js';

runPage(window);
