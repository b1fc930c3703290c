/* hefte's few corrections to material's behaviour, for readers using the keyboard, a screen reader or a phone.
   No request to any other host; every part says what it corrects and why. */
(function () {
  "use strict";

  /* Search: material reads the field on `keyup` only. A character that arrives without a key event of its own
     (å/æ/ø from a compose or dead key, a phone keyboard's suggestion, dictation, paste) was not searched until
     the next key: «blå» was searched as «bl», «å» alone not at all. Every `input` is passed on as a keyup. */
  var query = document.querySelector("[data-md-component=search-query]");
  if (query) {
    query.addEventListener("input", function (event) {
      if (!event.isComposing) query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
    query.addEventListener("compositionend", function () {
      query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }
})();
