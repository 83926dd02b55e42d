// The editor's presence: a heartbeat every few seconds says this person still has the item open and answers who else
// does; leaving the page says goodbye with a beacon, which outlives the page. Without it, rows go stale after a minute.
(() => {
  const box = document.getElementById('presence');
  if (!box) return;
  const url = box.dataset.presence;
  const text = box.querySelector('[data-presence-text]');
  const token = box.querySelector('input[name="__RequestVerificationToken"]').value;
  const form = () => {
    const data = new FormData();
    data.append('__RequestVerificationToken', token);
    return data;
  };

  async function beat() {
    try {
      const response = await fetch(url, { method: 'POST', body: form(), headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const answer = await response.json();
      if (text.textContent !== answer.message) text.textContent = answer.message;
    } catch {
      // Offline for a moment: the next heartbeat tries again.
    }
  }

  beat();
  const timer = setInterval(beat, (Number(box.dataset.interval) || 20) * 1000);
  window.addEventListener('pagehide', () => {
    clearInterval(timer);
    navigator.sendBeacon(url + '/leave', form());
  });
})();
