window.__proof=1;
