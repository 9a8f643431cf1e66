// Progressive enhancement only: every page works without this script.
// Filter forms marked data-autosubmit submit when a checkbox is toggled; radios and
// selects wait for the button, so arrow-key navigation does not reload the page.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox]")) {
        form.submit();
      }
    });
  });
});
