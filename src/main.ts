// First: a link to a view loaded on demand starts fetching its chunk now (src/app/early-view.ts).
import { early } from './app/early-view.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import './app/global.css';

// Mounted once the link's first files are asked for (at most EARLY_WAIT_MS): the mount takes the
// main thread ~0.1 s, during which those files can be on their way instead of waiting behind it.
await early;
mount(App, { target: document.getElementById('app')! });
