// The batch upload page: sends the chosen scans one by one and shows the progress and each result.
document.getElementById('batch-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target, files = [...document.getElementById('batch-files').files];
  const token = form.querySelector('[name=csrf_token]').value;
  const status = document.getElementById('batch-status'), bar = document.getElementById('batch-progress');
  const list = document.getElementById('batch-results');
  if (!files.length) { status.textContent = 'Hãy chọn ít nhất một tệp.'; return; }
  const body = new FormData(); body.append('csrf_token', token); body.append('label', document.getElementById('batch-label').value);
  const start = await fetch(form.dataset.start, {method: 'POST', body, headers: {'X-CSRFToken': token}});
  if (!start.ok) { status.textContent = 'Không tạo được lô nhập; hãy tải lại trang và thử lại.'; return; }
  const batch = await start.json();
  bar.hidden = false; bar.max = files.length; bar.value = 0;
  for (const [i, file] of files.entries()) {
    status.textContent = `Đang nhận tệp ${i + 1}/${files.length}: ${file.name}`;
    const one = new FormData(); one.append('csrf_token', token); one.append('file', file);
    let line;
    try {
      const answer = await fetch(`${batch.url}/files`, {method: 'POST', body: one, headers: {'X-CSRFToken': token}});
      const data = await answer.json();
      line = data.error ? `${file.name}: ${data.error.message}` : `${data.filename}: ${data.label}${data.reason ? ' – ' + data.reason : ''}`;
    } catch (err) { line = `${file.name}: không gửi được tệp (mất kết nối); hãy nhập lại tệp này.`; }
    const item = document.createElement('li'); item.textContent = line; list.appendChild(item);
    bar.value = i + 1;
  }
  status.textContent = `Đã gửi ${files.length} tệp. Các bản quét đang được nhận dạng chữ; xem kết quả ở lô nhập.`;
  const link = document.createElement('a'); link.href = batch.url; link.textContent = 'Xem báo cáo lô nhập'; status.appendChild(document.createTextNode(' ')); status.appendChild(link);
});
