# frozen_string_literal: true

class Add{{ n.class }}States{{ f.sharding_key_class }}ShardingKeyTrigger < {{ p.migration_class.value }}
{%- if p.migration_milestone.value %}
  milestone '{{ f.milestone }}'
{%- endif %}

  def up
    install_sharding_key_assignment_trigger(
      table: :{{ n.name }}_states,
      sharding_key: :{{ f.sharding_key.as_deref().unwrap_or_default() }},
      parent_table: :{{ n.table }},
      parent_sharding_key: :{{ f.sharding_key.as_deref().unwrap_or_default() }},
      foreign_key: :{{ n.foreign_key }}
    )
  end

  def down
    remove_sharding_key_assignment_trigger(
      table: :{{ n.name }}_states,
      sharding_key: :{{ f.sharding_key.as_deref().unwrap_or_default() }},
      parent_table: :{{ n.table }},
      parent_sharding_key: :{{ f.sharding_key.as_deref().unwrap_or_default() }},
      foreign_key: :{{ n.foreign_key }}
    )
  end
end
