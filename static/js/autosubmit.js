// Pages that hand the browser on to another site with a form post (an LTI deep link going back
// to the LMS): send the form at once. Without JavaScript the form's own button sends it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
})();
