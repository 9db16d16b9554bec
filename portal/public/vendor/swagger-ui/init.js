// Starts Swagger UI on /api/docs (kept in a file: the CSP allows no inline scripts).
window.addEventListener('load', function () {
  var el = document.getElementById('docs');
  el.innerHTML = '';
  window.SwaggerUIBundle({ url: el.dataset.spec, dom_id: '#docs', deepLinking: true });
});
