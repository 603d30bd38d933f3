"""Operations that change data: the only code that commits a transaction."""
