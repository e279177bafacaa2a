# frozen_string_literal: true

class Geo::WidgetRegistry < Geo::BaseRegistry
  include ::Geo::ReplicableRegistry
  include ::Geo::VerifiableRegistry

  MODEL_CLASS = ::Widget
  MODEL_FOREIGN_KEY = :widget_id

  belongs_to :widget, class_name: 'Widget'
end
