//! The register's spatial index in the store (`cadastre_cells`): each licence, application and
//! zone filed under the grid cells its box touches ([`crate::spatial::Bbox::cells`]), written
//! in the same transaction as the area itself, read by the overlap checks and the map.

use crate::spatial::{Bbox, CELLS_MAX};
use lode_core::validation::FieldErrors;
use lode_db::{Conn, DbError, DbResult, Tx};

/// What an area in the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Licence,
    Application,
    Zone,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Licence => "licence",
            Layer::Application => "application",
            Layer::Zone => "zone",
        }
    }
}

/// Files `id` of `layer` under the cells of `b`, in place of where it was filed before.
pub async fn put(tx: &mut Tx, layer: Layer, id: i64, b: &Bbox) -> DbResult<()> {
    if b.cell_count() > CELLS_MAX {
        return Err(DbError::Invalid(FieldErrors::single(
            "geometry",
            "area_too_large",
            "an area more than ten degrees across",
        )));
    }
    remove(tx, layer, id).await?;
    // a few hundred rows at a time: one statement per area stays within the engines' limits
    for chunk in b.cells().chunks(300) {
        let mut sql = String::from("INSERT INTO cadastre_cells (cell, layer, ref_id) VALUES ");
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, $1, $2)", i + 3));
        }
        let mut q = sqlx::query(&sql).bind(layer.as_str()).bind(id);
        for c in chunk {
            q = q.bind(*c);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Takes `id` of `layer` out of the index.
pub async fn remove(tx: &mut Tx, layer: Layer, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM cadastre_cells WHERE layer = $1 AND ref_id = $2")
        .bind(layer.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The ids of `layer` filed under cells that `b` touches, in order. Each row of cells is its
/// own range of the index (`layer`, `cell`): a union of ranges, read where they lie, rather than
/// one condition an engine may answer by reading the whole layer.
pub async fn near(conn: &mut Conn, layer: Layer, b: &Bbox) -> DbResult<Vec<i64>> {
    let runs = b.cell_runs();
    let mut ids = Vec::new();
    for chunk in runs.chunks(100) {
        let sql = chunk
            .iter()
            .enumerate()
            .map(|(i, _)| {
                format!(
                    "SELECT ref_id FROM cadastre_cells WHERE layer = $1 AND cell BETWEEN ${} AND ${}",
                    2 * i + 2,
                    2 * i + 3
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let mut q = sqlx::query_as::<_, (i64,)>(&sql).bind(layer.as_str());
        for (a, z) in chunk {
            q = q.bind(*a).bind(*z);
        }
        ids.extend(q.fetch_all(&mut *conn).await?.into_iter().map(|(id,)| id));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
