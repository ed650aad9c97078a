// Upload one file as the request body (application/octet-stream: a cross-site form cannot send it).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var result = document.getElementById("upload-result");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("file").files[0];
    if (!file) { return; }
    result.textContent = "Đang đọc " + file.name + "…";
    fetch("/api/documents?name=" + encodeURIComponent(file.name),
          { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        result.textContent = "";
        if (data.url) {
          var link = document.createElement("a");
          link.href = data.url;
          link.textContent = (data.outcome === "added" ? "Đã thêm: " : "Đã có trong kho: ") + file.name;
          result.appendChild(link);
        } else {
          result.textContent = "Không đọc được: " + (data.reason || JSON.stringify(data.detail));
        }
      })
      .catch(function (error) { result.textContent = "Lỗi: " + error.message; });
  });
})();
