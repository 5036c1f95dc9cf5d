-- A batch of pages is read by one Tesseract run into one searchable PDF: each page names the
-- batch's PDF and its page within it. Each page also keeps where its words lie (the image's
-- size, then a word a line: left, top, width, height in pixels, the word), so that the viewer
-- marks the words looked for on the image itself.
ALTER TABLE archive_pages ADD COLUMN pdf_page BIGINT NOT NULL DEFAULT 1;
ALTER TABLE archive_pages ADD COLUMN words TEXT;
