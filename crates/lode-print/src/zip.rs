//! Zip archives (APPNOTE 6.3), written here rather than through a dependency: deflated
//! entries with their CRC-32, the central directory, nothing more. XLSX workbooks and the
//! exchange packages of outgoing documents are zips.
//!
//! Without the Zip64 extension an archive holds at most 65,534 entries and less than 4 GiB
//! (counts are 16-bit, sizes and offsets 32-bit, and the all-ones values mean "look in the
//! Zip64 record"): past either limit an entry is refused, never written corrupt.

/// Why an entry cannot go into the archive.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("a zip archive holds at most 65,534 entries")]
    TooManyEntries,
    #[error("a zip archive holds at most 4 GiB")]
    TooLarge,
    #[error("an entry's name is at most 65,535 bytes")]
    NameTooLong,
}

/// A zip archive of deflated entries (APPNOTE 6.3: local headers, then the central directory).
#[derive(Default)]
pub struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl Zip {
    pub fn add(&mut self, path: &str, data: &[u8]) -> Result<(), ZipError> {
        if self.count >= u16::MAX - 1 {
            return Err(ZipError::TooManyEntries);
        }
        let name = path.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::NameTooLong)?;
        let crc = crc32(data);
        let packed = miniz_oxide::deflate::compress_to_vec(data, 6);
        let (offset, size, packed_size) = within_limits(
            self.out.len(),
            data.len(),
            packed.len(),
            name.len(),
            self.central.len(),
        )?;
        // 1980-01-01 00:00, the earliest DOS date: the same bytes for the same table.
        let (time, date) = (0u16, 0x21u16);
        let mut local = Vec::new();
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes()); // version needed
        local.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        local.extend_from_slice(&8u16.to_le_bytes()); // deflate
        local.extend_from_slice(&time.to_le_bytes());
        local.extend_from_slice(&date.to_le_bytes());
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&packed_size.to_le_bytes());
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&name_len.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name);
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(&packed);
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes()); // made by
        c.extend_from_slice(&20u16.to_le_bytes()); // needed
        c.extend_from_slice(&0x0800u16.to_le_bytes());
        c.extend_from_slice(&8u16.to_le_bytes());
        c.extend_from_slice(&time.to_le_bytes());
        c.extend_from_slice(&date.to_le_bytes());
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&packed_size.to_le_bytes());
        c.extend_from_slice(&size.to_le_bytes());
        c.extend_from_slice(&name_len.to_le_bytes());
        c.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name);
        self.count += 1;
        Ok(())
    }

    /// The archive. (Every entry was checked to fit when added, the directory included.)
    pub fn finish(mut self) -> Vec<u8> {
        let offset = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(self.central.len()).unwrap_or(u32::MAX);
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&[0; 4]); // disk numbers
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&offset.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

/// The 32-bit offset, size and packed size of an entry added to an archive of `written` bytes
/// with a directory of `directory` bytes so far, if the whole archive with it (its local
/// header and name, its directory record, the end record) stays within 4 GiB.
fn within_limits(
    written: usize,
    size: usize,
    packed: usize,
    name: usize,
    directory: usize,
) -> Result<(u32, u32, u32), ZipError> {
    const LOCAL_HEADER: usize = 30;
    const DIRECTORY_RECORD: usize = 46;
    const END_RECORD: usize = 22;
    let whole = [
        written,
        LOCAL_HEADER,
        name,
        packed,
        directory,
        DIRECTORY_RECORD,
        name,
        END_RECORD,
    ]
    .into_iter()
    .try_fold(0usize, usize::checked_add)
    .ok_or(ZipError::TooLarge)?;
    let fits = |n: usize| {
        u32::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX)
            .ok_or(ZipError::TooLarge)
    };
    fits(whole)?;
    Ok((fits(written)?, fits(size)?, fits(packed)?))
}

/// Why an archive cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipReadError {
    #[error("not a zip archive")]
    NotZip,
    #[error("the archive is cut short or damaged")]
    Damaged,
    #[error("an entry is packed in a way this reader does not know")]
    Unsupported,
    #[error("an entry unpacks to more than the limit")]
    TooLarge,
}

fn u16_at(data: &[u8], at: usize) -> Result<usize, ZipReadError> {
    data.get(at..at + 2)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        .ok_or(ZipReadError::Damaged)
}

fn u32_at(data: &[u8], at: usize) -> Result<usize, ZipReadError> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or(ZipReadError::Damaged)
}

/// The entries of a zip archive by name, each unpacked (stored or deflated) and checked
/// against its CRC-32; an entry that unpacks to more than `limit` bytes, or entries that
/// together do, are refused (a small upload must not unpack to gigabytes).
pub fn read(data: &[u8], limit: usize) -> Result<Vec<(String, Vec<u8>)>, ZipReadError> {
    if !data.starts_with(b"PK\x03\x04") {
        return Err(ZipReadError::NotZip);
    }
    // the end of central directory record: 22 bytes, then a comment of up to 64 KiB
    let from = data.len().saturating_sub(22 + 65_535);
    let end = (from..=data.len().saturating_sub(22))
        .rev()
        .find(|&i| data[i..].starts_with(b"PK\x05\x06"))
        .ok_or(ZipReadError::Damaged)?;
    let count = u16_at(data, end + 10)?;
    let mut at = u32_at(data, end + 16)?;
    let mut out = Vec::with_capacity(count);
    let mut total = 0usize;
    for _ in 0..count {
        if !data.get(at..).is_some_and(|d| d.starts_with(b"PK\x01\x02")) {
            return Err(ZipReadError::Damaged);
        }
        let method = u16_at(data, at + 10)?;
        let crc = u32_at(data, at + 16)? as u32;
        let packed_size = u32_at(data, at + 20)?;
        let size = u32_at(data, at + 24)?;
        let name_len = u16_at(data, at + 28)?;
        let extra_len = u16_at(data, at + 30)?;
        let comment_len = u16_at(data, at + 32)?;
        let local = u32_at(data, at + 42)?;
        let name_end = (at + 46)
            .checked_add(name_len)
            .ok_or(ZipReadError::Damaged)?;
        let name = data.get(at + 46..name_end).ok_or(ZipReadError::Damaged)?;
        let name = String::from_utf8_lossy(name).into_owned();
        at = name_end
            .checked_add(extra_len + comment_len)
            .ok_or(ZipReadError::Damaged)?;
        if size > limit || total.saturating_add(size) > limit {
            return Err(ZipReadError::TooLarge);
        }
        if !data
            .get(local..)
            .is_some_and(|d| d.starts_with(b"PK\x03\x04"))
        {
            return Err(ZipReadError::Damaged);
        }
        let start = local
            .checked_add(30 + u16_at(data, local + 26)? + u16_at(data, local + 28)?)
            .ok_or(ZipReadError::Damaged)?;
        let packed_end = start
            .checked_add(packed_size)
            .ok_or(ZipReadError::Damaged)?;
        let packed = data.get(start..packed_end).ok_or(ZipReadError::Damaged)?;
        let unpacked = match method {
            0 => packed.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(packed, size.max(1))
                .map_err(|_| ZipReadError::Damaged)?,
            _ => return Err(ZipReadError::Unsupported),
        };
        if unpacked.len() != size || crc32(&unpacked) != crc {
            return Err(ZipReadError::Damaged);
        }
        total += size;
        out.push((name, unpacked));
    }
    Ok(out)
}

/// CRC-32 (IEEE 802.3), as zip wants it.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let mut z = Zip::default();
        z.add("a.txt", b"xin chao").unwrap_or_default();
        z.add("b/c.xml", &[b'x'; 5000]).unwrap_or_default();
        let data = z.finish();
        let entries = read(&data, 1 << 20).unwrap_or_default();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0], ("a.txt".to_string(), b"xin chao".to_vec()));
        assert_eq!(entries[1].1.len(), 5000);
        assert_eq!(read(&data, 1000), Err(ZipReadError::TooLarge));
        assert_eq!(read(b"not a zip", 1000), Err(ZipReadError::NotZip));
        assert_eq!(
            read(&data[..data.len() - 30], 1 << 20),
            Err(ZipReadError::Damaged)
        );
    }

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn past_65534_entries_an_entry_is_refused() {
        let mut zip = Zip::default();
        for i in 0..65_534 {
            assert_eq!(zip.add(&format!("{i}"), b""), Ok(()));
        }
        assert_eq!(zip.add("one more", b""), Err(ZipError::TooManyEntries));
        let bytes = zip.finish();
        // the end record counts every entry written
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 65_534);
    }

    #[test]
    fn past_4_gib_an_entry_is_refused() {
        const GIB: usize = 1 << 30;
        assert!(within_limits(0, 10, 10, 5, 0).is_ok());
        assert_eq!(within_limits(4 * GIB, 1, 1, 1, 0), Err(ZipError::TooLarge));
        assert_eq!(
            within_limits(0, 4 * GIB, 100, 1, 0),
            Err(ZipError::TooLarge)
        );
        // the entry fits, the directory after it would not
        assert_eq!(
            within_limits(4 * GIB - 200, 10, 10, 5, 150),
            Err(ZipError::TooLarge)
        );
        let long = "n".repeat(70_000);
        assert_eq!(Zip::default().add(&long, b""), Err(ZipError::NameTooLong));
    }
}
