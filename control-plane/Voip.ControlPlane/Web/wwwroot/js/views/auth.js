// Sign up and log in.
import { h } from '../dom.js';
import * as sessionStore from '../session.js';

function field(id, label, attrs, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, required: true, ...attrs, 'aria-describedby': hint ? `${id}-hint` : undefined }),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

export function renderAuth(main, mode, signedIn) {
  const signup = mode === 'signup';
  const error = h('p', { class: 'form-error', role: 'alert', id: 'auth-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'auth-submit' }, signup ? 'Create account' : 'Log in');
  const form = h('form', { class: 'card auth-card', novalidate: false, 'aria-labelledby': 'auth-title' },
    h('h1', { id: 'auth-title' }, signup ? 'Create your account' : 'Welcome back'),
    signup ? field('name', 'Name', { type: 'text', autocomplete: 'name', maxlength: 100 }) : null,
    field('email', 'Email', { type: 'email', autocomplete: 'email', maxlength: 254 }),
    field('password', 'Password', { type: 'password', autocomplete: signup ? 'new-password' : 'current-password', minlength: signup ? 8 : undefined, maxlength: 128 },
      signup ? 'At least 8 characters with a letter and a digit.' : null),
    error,
    submit,
    h('p', { class: 'switch' }, signup ? 'Already have an account? ' : 'New here? ',
      h('a', { href: signup ? '/login' : '/signup', 'data-link': true }, signup ? 'Log in' : 'Create an account')));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    const data = new FormData(form);
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      if (signup) await sessionStore.register(String(data.get('name')).trim(), String(data.get('email')).trim(), String(data.get('password')));
      else await sessionStore.login(String(data.get('email')).trim(), String(data.get('password')));
      signedIn();
    } catch (err) {
      error.textContent = err.message || 'Something went wrong';
      form.querySelector('input')?.focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });

  main.replaceChildren(h('div', { class: 'auth-page' },
    h('section', { class: 'auth-intro' },
      h('h2', {}, 'Voice and video calls'),
      h('p', {}, 'Peer-to-peer 1:1 calls in the browser, with an SFU for group rooms.')),
    form));
  form.querySelector('input')?.focus();
}
