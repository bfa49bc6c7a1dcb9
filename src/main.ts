import { mount } from 'svelte';
import App from './App.svelte';
import './app/global.css';

mount(App, { target: document.getElementById('app')! });
