// First: a link to a view loaded on demand starts fetching its chunk now (src/app/early-view.ts).
import './app/early-view.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import './app/global.css';

mount(App, { target: document.getElementById('app')! });
